/**
 * "https://x.example/api///" → "https://x.example/api". A loop, not `/\/+$/`: an unanchored
 * `\/+$` rescans every run of slashes from each of its positions (quadratic on "////…x").
 */
export function trimTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0x2f) end -= 1;
  return value.slice(0, end);
}
