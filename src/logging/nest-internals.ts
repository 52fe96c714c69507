/**
 * Nest's own start-up chatter (one line per module, route and phase): at debug, so the default level shows the few
 * lines a person needs ("API on …, Swagger UI at …").
 */
const NEST_INTERNAL_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'WebSocketsController',
]);

/** The context Nest passes as the last argument of a log call, if any. */
export function isNestInternal(optionalParams: unknown[]): boolean {
  const context = optionalParams[optionalParams.length - 1];
  return typeof context === 'string' && NEST_INTERNAL_CONTEXTS.has(context);
}
