import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiAuth, CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { UuidPipe } from '../common/validation.js';
import {
  AffectsQueryDto,
  ClosureDto,
  ClosuresQueryDto,
  CreateClosureDto,
  CreatedClosureDto,
} from './dto/closure.dto.js';
import { ClosuresService } from './closures.service.js';

@ApiTags('closures')
@ApiAuth()
@Controller('api/closures')
export class ClosuresController {
  constructor(private readonly closures: ClosuresService) {}

  /** Days the clinic is closed, ending today or later (or on or after `from`), in order; anyone signed in. */
  @Get()
  @ApiErrors('VALIDATION_FAILED')
  listClosures(@Query() query: ClosuresQueryDto): Promise<ClosureDto[]> {
    return this.closures.list(query.from);
  }

  /**
   * Closes the clinic on a day or a range of days (CLINIC_TIMEZONE). Answers the closure with the scheduled and
   * confirmed appointments it covers (`affected`; their patients are mailed); `?cancelAffected=true` cancels them in
   * the same transaction. Bookings inside it are refused from then on: 422 DOCTOR_UNAVAILABLE.
   */
  @Roles('admin')
  @Post()
  @ApiErrors('VALIDATION_FAILED')
  createClosure(
    @CurrentUser() me: AuthUser,
    @Body() dto: CreateClosureDto,
    @Query() query: AffectsQueryDto,
  ): Promise<CreatedClosureDto> {
    return this.closures.create(me.id, dto, query.cancelAffected ?? false);
  }

  /** Opens the days again (appointments cancelled by it stay cancelled). */
  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  removeClosure(@CurrentUser() me: AuthUser, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.closures.remove(me.id, id);
  }
}
