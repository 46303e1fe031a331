/**
 * The login QR code, where a person can scan it: drawn in the terminal for whoever runs `duban serve`, and written
 * as a PNG under the data folder for a server nobody watches (copy it off, or open it over a file share).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import qrcodeTerminal from 'qrcode-terminal';

export class LoginQr {
  readonly path: string;

  constructor(
    dataDir: string,
    private readonly print: (text: string) => void,
  ) {
    this.path = join(dataDir, 'login-qr.png');
  }

  async show(qrcode: string): Promise<void> {
    qrcodeTerminal.generate(qrcode, { small: true }, (drawing) => this.print(drawing));
    mkdirSync(join(this.path, '..'), { recursive: true });
    await QRCode.toFile(this.path, qrcode, { width: 360, margin: 2 });
  }

  /** After the login, an old code only confuses. */
  remove(): void {
    rmSync(this.path, { force: true });
  }
}
