import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAuth } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { CareSlotDto, FindCareQueryDto } from './dto/find-care-query.dto.js';
import { FindCareService } from './find-care.service.js';

@ApiTags('doctors')
@ApiAuth()
@Controller('api/availability')
export class FindCareController {
  constructor(private readonly care: FindCareService) {}

  /**
   * The earliest free slots of every active doctor of a specialty between `from` and `to`, in time order, each with
   * its doctor: "the first free cardiologist". The slots each doctor's own availability offers (working hours minus
   * appointments, closures, absences and the past).
   */
  @Get()
  @ApiErrors('VALIDATION_FAILED')
  findCare(@Query() query: FindCareQueryDto): Promise<CareSlotDto[]> {
    return this.care.earliest(query);
  }
}
