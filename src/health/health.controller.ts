import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { Public } from '../auth/auth.decorators.js';
import { Draining } from './draining.js';
import { HealthDto } from './health.dto.js';
import { Probe } from './probe.decorator.js';

@ApiTags('health')
@Public()
@Probe()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly draining: Draining,
  ) {}

  /** Liveness: 200 while the process runs, whatever the database does. */
  @Get()
  getHealth(): HealthDto {
    return { status: 'ok' };
  }

  /** Readiness: 200 when the database answers a ping within 2 s, else 503; 503 from the first moment of a stop. */
  @Get('ready')
  @HealthCheck()
  @ApiErrors('SERVICE_UNAVAILABLE')
  getReadiness(): Promise<HealthCheckResult> {
    const shutdown = this.indicators.check('shutdown');
    return this.health.check([
      () => (this.draining.active ? shutdown.down('stopping') : shutdown.up()),
      () => this.db.pingCheck('database', { timeout: 2000 }),
    ]);
  }
}
