/** Zendesk's maximum `page[size]` for cursor pagination. */
export const MAX_PAGE_SIZE = 100;

export type Paged<T> =
  { ok: true; items: T[]; envelope: Record<string, unknown> } | { ok: false; error: { error: string; description: string } };

/**
 * One page of `items` the way Zendesk paginates: cursor pagination when `page[size]` or
 * `page[after]` is given (`meta.has_more`, `meta.after_cursor`, `links.next`), otherwise offset
 * pagination (`page`, `per_page`, `next_page`, `count`). Cursors are opaque to clients.
 */
export function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  linkFor: (params: URLSearchParams) => string,
  defaultSize = 100,
): Paged<T> {
  const size = query.get('page[size]');
  const after = query.get('page[after]');
  if (size !== null || after !== null) {
    const pageSize = size === null ? defaultSize : Number(size);
    if (!Number.isInteger(pageSize) || pageSize < 1) return invalid('page[size] must be a positive integer');
    if (pageSize > MAX_PAGE_SIZE) return invalid(`page[size] must be less than or equal to ${MAX_PAGE_SIZE}`);
    const start = after === null ? 0 : decodeCursor(after);
    if (start === null || start > items.length) return invalid('page[after] is not a valid cursor');
    const page = items.slice(start, start + pageSize);
    const end = start + page.length;
    const hasMore = end < items.length;
    const afterCursor = page.length > 0 ? encodeCursor(end) : null;
    const beforeCursor = page.length > 0 ? encodeCursor(start) : null;
    const nextParams = new URLSearchParams(query);
    nextParams.delete('page[before]');
    nextParams.set('page[size]', String(pageSize));
    if (afterCursor) nextParams.set('page[after]', afterCursor);
    return {
      ok: true,
      items: page,
      envelope: {
        meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
        links: { prev: null, next: hasMore && afterCursor ? linkFor(nextParams) : null },
      },
    };
  }
  const perPage = Math.min(Number(query.get('per_page') ?? defaultSize) || defaultSize, MAX_PAGE_SIZE);
  const pageNumber = Math.max(1, Number(query.get('page') ?? 1) || 1);
  const start = (pageNumber - 1) * perPage;
  const page = items.slice(start, start + perPage);
  const pageLink = (n: number) => {
    const params = new URLSearchParams(query);
    params.set('page', String(n));
    params.set('per_page', String(perPage));
    return linkFor(params);
  };
  return {
    ok: true,
    items: page,
    envelope: {
      next_page: start + perPage < items.length ? pageLink(pageNumber + 1) : null,
      previous_page: pageNumber > 1 ? pageLink(pageNumber - 1) : null,
      count: items.length,
    },
  };
}

function invalid(description: string): Paged<never> {
  return { ok: false, error: { error: 'InvalidPaginationParameter', description } };
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number | null {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}
