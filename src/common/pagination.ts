import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

export class PageQueryDto {
  /** 1-based page number. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  /** Page size, at most 100. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}

export interface Page<T> {
  data: T[];
  meta: { page: number; limit: number; total: number };
}

/** Runs the query for one page and maps its rows. */
export async function paginate<E extends ObjectLiteral, T>(
  builder: SelectQueryBuilder<E>,
  query: PageQueryDto,
  map: (row: E) => T,
): Promise<Page<T>> {
  const [rows, total] = await builder
    .skip((query.page - 1) * query.limit)
    .take(query.limit)
    .getManyAndCount();
  return { data: rows.map(map), meta: { page: query.page, limit: query.limit, total } };
}
