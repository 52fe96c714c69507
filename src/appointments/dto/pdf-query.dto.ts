import { IsIn, IsOptional } from 'class-validator';

export const PDF_DISPOSITIONS = ['attachment', 'inline'] as const;
export type PdfDisposition = (typeof PDF_DISPOSITIONS)[number];

export class PdfQueryDto {
  /** `attachment` (default): a file to save; `inline`: for a browser to show. */
  @IsOptional()
  @IsIn(PDF_DISPOSITIONS)
  disposition?: PdfDisposition;
}
