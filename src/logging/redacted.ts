/** What a redacted secret reads as in a log line. */
export const REDACTED = '[redacted]';
