/** `npm run bench`: every benchmark, each figure one JSON line with the baseline it is compared against. */
import { run as channelsBench } from './channels.ts';
import { run as importBench } from './import.ts';
import { run as modelBench } from './model.ts';
import { run as noticesBench } from './notices.ts';
import { run as questionsBench } from './questions.ts';
import { run as roundtripBench } from './roundtrip.ts';
import { run as startupBench } from './startup.ts';
import { run as webBench } from './web.ts';
import { run as wecomBench } from './wecom.ts';

const benches: Record<string, () => void | Promise<void>> = {
  startup: startupBench,
  import: importBench,
  roundtrip: roundtripBench,
  channels: channelsBench,
  notices: noticesBench,
  questions: questionsBench,
  model: modelBench,
  web: webBench,
  wecom: wecomBench,
};

const only = process.argv.slice(2);
for (const [name, run] of Object.entries(benches)) {
  if (only.length === 0 || only.includes(name)) await run();
}
