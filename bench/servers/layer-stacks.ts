/**
 * The stacks of the per-layer table, in their order: the bare provider, the floor of what our front door
 * must add (a request id and the headers, set by hand), the pipeline that served the provider's paths
 * before the front door (Express, then each of our layers in their order), the front door, and the
 * front door in a process that also holds our application. Each is served by a process of its own
 * (`layers.main.ts`): a provider that also served the Express stacks would see their request and
 * response objects too, and run slower for every stack of its process.
 */
export const LAYER_STACKS = [
  { name: 'bare', title: 'bare oidc-provider on node:http' },
  { name: 'by-hand', title: 'bare + a request id and the data headers, set by hand' },
  { name: 'express', title: '+ Express 5 (app.use)' },
  { name: 'pino-http', title: '+ pino-http (level silent)' },
  { name: 'helmet', title: '+ helmet' },
  { name: 'cookie-policy', title: '+ cookie policy' },
  { name: 'input-checks', title: '+ input checks (the pipeline before the front door, less Nest)' },
  { name: 'front-door', title: 'front door: request id, headers, cookie policy, input checks on node:http' },
  { name: 'front-door-in-app', title: 'the same front door, in a process that also holds our application (idle)' },
] as const;

export type LayerStackName = (typeof LAYER_STACKS)[number]['name'];
