import { IsInstant } from '../../common/is-instant.js';
import { PdfQueryDto } from './pdf-query.dto.js';

export class ReportQueryDto extends PdfQueryDto {
  /** @example "2026-12-01T00:00:00+01:00" */
  @IsInstant()
  from: string;

  /** At most 93 days after from. @example "2026-12-31T23:59:59+01:00" */
  @IsInstant()
  to: string;
}
