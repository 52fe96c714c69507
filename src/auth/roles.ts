export const ROLES = ['user', 'doctor', 'admin'] as const;

/** user is a patient; doctor; admin is the clinic's staff. */
export type Role = (typeof ROLES)[number];
