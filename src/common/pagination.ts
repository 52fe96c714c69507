import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

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

export function toPage<T>(data: T[], total: number, query: PageQueryDto): Page<T> {
  return { data, meta: { page: query.page, limit: query.limit, total } };
}
