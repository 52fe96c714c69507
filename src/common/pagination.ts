import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Deeper pages are refused: nobody reads them, and `1e20` would reach the database as an offset. */
export const MAX_PAGE = 10_000;

export class PageQueryDto {
  /** 1-based page number, at most 10000 (so the offset stays a safe integer). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
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
