/** Zendesk's timestamp style: ISO 8601, UTC, whole seconds. */
export function isoSeconds(epochSec: number): string {
  return `${new Date(epochSec * 1000).toISOString().slice(0, 19)}Z`;
}

export function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/**
 * The account's save clock. A ticket's next `updated_at` is now, but at least one second after
 * its previous value (stamps have second precision and a safe update compares them, so two
 * updates within one second still need different stamps) and never before a stamp already
 * handed out (so exports ordered by save stay ordered by time).
 */
export function createStampClock(now: () => number) {
  let latestSec = 0;
  return (previous?: string): string => {
    const floor = previous === undefined ? 0 : epochSeconds(previous) + 1;
    latestSec = Math.max(Math.floor(now() / 1000), latestSec, floor);
    return isoSeconds(latestSec);
  };
}
