/** Small pieces the pages share. */
import type { Ledger } from '../../ledger/types.ts';

export const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '—');

/** The list page with these filters. */
export function itemsLink(ledger: Ledger, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return `/l/${ledger.id}/items${search ? `?${search}` : ''}`;
}

export const itemLink = (ledger: Ledger, code: string) => `/l/${ledger.id}/item?code=${encodeURIComponent(code)}`;
