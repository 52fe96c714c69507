import type { Role } from '../roles.js';

/** Login and refresh answer: the user plus fresh tokens (also set as cookies). */
export class AuthResultDto {
  id: string;
  name: string;
  surname: string;
  email: string;
  rol: Role;
  /** The access token (JWT). */
  token: string;
  /** Opaque; rotated on every refresh. */
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}
