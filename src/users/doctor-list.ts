import { Conditions, type Statement } from '../database/statement.js';
import type { ListDoctorsQueryDto } from './dto/list-doctors-query.dto.js';
import { folded } from './search-fold.js';

/** Doctors anyone may find: active and not deleted (read through `users_live_rol_created_idx`). */
const FINDABLE = `u.rol = 'doctor' AND u.is_active AND u.deleted_at IS NULL`;

/** The words of a search: split at any white space, each once. */
export function searchWords(search: string | undefined): string[] {
  return [...new Set((search ?? '').split(/\s+/u).filter((word) => word !== ''))];
}

/**
 * GET /api/doctors in one statement: the specialty equal once both are folded (search-fold.ts), and each word of
 * `search` inside the folded "name surname" (so "lopez ana" finds Ana López). Ordered by the folded surname and
 * name, so Álvarez sorts among the A's on both engines, then by id.
 */
export function doctorListStatement(query: ListDoctorsQueryDto): Statement {
  const where = new Conditions().always(FINDABLE);
  if (query.specialty) {
    where.add(`${folded('u.specialty')} = ${folded('?::text')}`, query.specialty);
  }
  for (const word of searchWords(query.search)) {
    where.add(`strpos(${folded(`u.name || ' ' || u.surname`)}, ${folded('?::text')}) > 0`, word);
  }
  return {
    text: `
      SELECT u.id, u.name, u.surname, u.specialty
      FROM users u
      WHERE ${where.where}
      ORDER BY ${folded('u.surname')}, ${folded('u.name')}, u.id`,
    params: where.params,
  };
}

/**
 * GET /api/specialties: the specialties of findable doctors, one entry per folded spelling (Cardiología and
 * cardiologia are one specialty, as the filter treats them), named by its most common spelling (ties: the first
 * in byte order, so a capitalised one), with how many doctors have it; ordered by the folded name.
 */
export function specialtiesStatement(): Statement {
  const key = folded('u.specialty');
  return {
    text: `
      SELECT mode() WITHIN GROUP (ORDER BY u.specialty COLLATE "C") AS name, count(*)::int AS doctors
      FROM users u
      WHERE ${FINDABLE} AND u.specialty IS NOT NULL AND ${key} <> ''
      GROUP BY ${key}
      ORDER BY ${key}`,
    params: [],
  };
}
