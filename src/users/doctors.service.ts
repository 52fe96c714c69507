import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { doctorListStatement, specialtiesStatement } from './doctor-list.js';
import type { ListDoctorsQueryDto } from './dto/list-doctors-query.dto.js';
import type { DoctorDto, DoctorListDto, SpecialtyDto, SpecialtyListDto } from './user.dto.js';
import { User } from './user.entity.js';

/** Finding care: the doctors anyone signed in may see, filtered (doctor-list.ts), and their specialties. */
@Injectable()
export class DoctorsService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async list(query: ListDoctorsQueryDto): Promise<DoctorListDto> {
    const { text, params } = doctorListStatement(query);
    return { data: await this.users.query<DoctorDto[]>(text, params) };
  }

  async specialties(): Promise<SpecialtyListDto> {
    const { text, params } = specialtiesStatement();
    return { data: await this.users.query<SpecialtyDto[]>(text, params) };
  }
}
