import type { Locale } from '../../config/app-config.js';
import { IsBirthDate, IsLocale, IsNationalId, IsPhone } from './profile-fields.js';

/** The profile every user has, all optional; null clears a field (but the locale, which is never null). */
export class ProfileDto {
  /** Stored as E.164; a number without a country code is read as Spanish; null clears it. @example "+34612345678" */
  @IsPhone()
  phone?: string | null;

  /** YYYY-MM-DD, from 1900-01-01 to today; null clears it. @example "1985-02-28" */
  @IsBirthDate()
  birthDate?: string | null;

  /** A DNI or NIE with its check letter; stored upper case, without separators; null clears it. @example "12345678Z" */
  @IsNationalId()
  nationalId?: string | null;

  /** `es` or `en`: the user's mails, and their errors when a request has no Accept-Language. @example "en" */
  @IsLocale()
  locale?: Locale;
}
