import type { Page } from '../common/pagination.js';
import type { Role } from '../auth/roles.js';
import type { Locale } from '../config/app-config.js';
import { Conditions, type Statement } from '../database/statement.js';
import type { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import type { UserDto } from './user.dto.js';

/** What a user answer needs, as columns of `users u`. */
export const USER_COLUMNS = `u.id, u.name, u.surname, u.email, u.rol, u.specialty, u.is_active,
  u.email_verified_at IS NOT NULL AS email_verified, u.created_at,
  u.phone, to_char(u.birth_date, 'YYYY-MM-DD') AS birth_date, u.national_id, u.locale`;

interface UserRow {
  id: string;
  name: string;
  surname: string;
  email: string;
  rol: Role;
  specialty: string | null;
  is_active: boolean;
  email_verified: boolean;
  created_at: Date;
  phone: string | null;
  /** YYYY-MM-DD, whatever the session's DateStyle. */
  birth_date: string | null;
  national_id: string | null;
  locale: Locale;
  /** Only in a page's rows. */
  total?: number;
}

function conditions(query: ListUsersQueryDto): Conditions {
  const where = new Conditions().always('u.deleted_at IS NULL');
  if (query.search) {
    const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.add('(u.name ILIKE ? OR u.surname ILIKE ? OR u.email ILIKE ?)', pattern);
  }
  if (query.rol) {
    where.add('u.rol = ?', query.rol);
  }
  return where;
}

/**
 * A page of GET /api/users, newest first, in one statement: the answer's columns only, read in the order of
 * `users_live_created_idx` (or `users_live_rol_created_idx` for a role), and the count beside them.
 */
export function userPageStatement(query: ListUsersQueryDto): Statement {
  const { where, params } = conditions(query);
  const limit = params.length + 1;
  return {
    text: `
      SELECT ${USER_COLUMNS},
             (SELECT count(*) FROM users u WHERE ${where})::int AS total
      FROM users u
      WHERE ${where}
      ORDER BY u.created_at DESC, u.id
      LIMIT $${limit} OFFSET $${limit + 1}`,
    params: [...params, query.limit, (query.page - 1) * query.limit],
  };
}

/** The count alone (for a page past the end, which has no row to carry it). */
export function userCountStatement(query: ListUsersQueryDto): Statement {
  const { where, params } = conditions(query);
  return { text: `SELECT count(*)::int AS total FROM users u WHERE ${where}`, params };
}

export function toUserPage(rows: UserRow[], query: ListUsersQueryDto, totalIfEmpty: number): Page<UserDto> {
  return {
    data: rows.map(userDtoOf),
    meta: { page: query.page, limit: query.limit, total: rows[0]?.total ?? totalIfEmpty },
  };
}

export function userDtoOf(row: UserRow): UserDto {
  return {
    id: row.id,
    name: row.name,
    surname: row.surname,
    email: row.email,
    rol: row.rol,
    specialty: row.specialty,
    isActive: row.is_active,
    emailVerified: row.email_verified,
    createdAt: row.created_at,
    phone: row.phone,
    birthDate: row.birth_date,
    nationalId: row.national_id,
    locale: row.locale,
  };
}

export type { UserRow };
