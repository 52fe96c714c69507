/** The answer of GET /health. */
export class HealthDto {
  /** Always "ok" while the process runs. */
  status: 'ok';
}
