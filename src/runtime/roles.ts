/** What one process runs (`--role`): everything, the HTTP side only, or the triage worker only. */
export const ROLES = ['all', 'api', 'worker'] as const;
export type Role = (typeof ROLES)[number];
