export {
  startZendeskSandbox,
  type ZendeskSandbox,
  type ZendeskSandboxOptions,
  type SandboxRequest,
  type AgentEdit,
  type NewSandboxTicket,
} from './start-zendesk-sandbox.js';
export type { SandboxFault } from './faults.js';
export type { WindowUsage } from './rate-limits.js';
export type { WebhookDelivery } from './webhook-delivery.js';
export type {
  SandboxState,
  SandboxTicket,
  SandboxComment,
  SandboxUser,
  SandboxWebhook,
  SandboxTrigger,
  SandboxMacro,
} from './sandbox-types.js';
export { SANDBOX_SEED_TICKETS, seedZendeskSandbox, type SeedTicket } from './seed.js';
