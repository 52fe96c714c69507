import { PickType } from '@nestjs/swagger';
import type { User } from './user.entity.js';
import type { Role } from '../auth/roles.js';
import type { Locale } from '../config/app-config.js';

/** A user as the API shows it: never the password hash. */
export class UserDto {
  id: string;
  name: string;
  surname: string;
  email: string;
  /** user (patient), doctor or admin. */
  rol: Role;
  specialty: string | null;
  isActive: boolean;
  /** Whether the owner opened a verification link sent to this e-mail. */
  emailVerified: boolean;
  createdAt: Date;
  /** E.164. @example "+34612345678" */
  phone: string | null;
  /** YYYY-MM-DD. @example "1985-02-28" */
  birthDate: string | null;
  /** DNI or NIE. @example "12345678Z" */
  nationalId: string | null;
  /** The language of the user's mails and errors: `es` or `en`. @example "es" */
  locale: Locale;
}

/** A patient as their doctors see them: who, how to reach them, and their profile; no account administration. */
export class PatientDto extends PickType(UserDto, [
  'id',
  'name',
  'surname',
  'email',
  'phone',
  'birthDate',
  'nationalId',
  'locale',
] as const) {}

export class DoctorDto {
  id: string;
  name: string;
  surname: string;
  specialty: string | null;
}

export class DoctorListDto {
  data: DoctorDto[];
}

export class SpecialtyDto {
  /** The spelling most of its doctors have; pass it as `specialty` to GET /api/doctors. @example "Cardiología" */
  name: string;
  /** How many active doctors have it. @example 3 */
  doctors: number;
}

export class SpecialtyListDto {
  data: SpecialtyDto[];
}

export class UserPageMetaDto {
  page: number;
  limit: number;
  total: number;
}

export class UserPageDto {
  data: UserDto[];
  meta: UserPageMetaDto;
}

export function toUserDto(user: User): UserDto {
  const { id, name, surname, email, rol, specialty, isActive, createdAt } = user;
  const { phone, birthDate, nationalId, locale } = user;
  return {
    id,
    name,
    surname,
    email,
    rol,
    specialty,
    isActive,
    emailVerified: user.emailVerifiedAt !== null,
    createdAt,
    phone,
    birthDate,
    nationalId,
    locale,
  };
}

export function toPatientDto(user: UserDto): PatientDto {
  const { id, name, surname, email, phone, birthDate, nationalId, locale } = user;
  return { id, name, surname, email, phone, birthDate, nationalId, locale };
}
