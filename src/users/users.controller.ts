import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiAuth, CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { UuidPipe } from '../common/validation.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import { UpdateMeDto } from './dto/update-me.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserDto, UserPageDto } from './user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiAuth()
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** The caller's account. */
  @Get('me')
  getMyUser(@CurrentUser() me: AuthUser): Promise<UserDto> {
    return this.users.findOne(me.id);
  }

  /** Changes the caller's names and profile (phone, birth date, national id, language); nothing else. */
  @Patch('me')
  @ApiErrors('VALIDATION_FAILED')
  updateMyUser(@CurrentUser() me: AuthUser, @Body() dto: UpdateMeDto): Promise<UserDto> {
    return this.users.updateMe(me.id, dto);
  }

  /**
   * Ends every other session of the caller. A wrong current password is 401 INVALID_CREDENTIALS; after
   * LOGIN_MAX_FAILURES of them from this session, 429 TOO_MANY_ATTEMPTS.
   */
  @Put('me/password')
  @HttpCode(204)
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CREDENTIALS')
  changeMyPassword(@CurrentUser() me: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.users.changePassword(me.id, me.sessionId, dto);
  }

  /** Newest first; `search` matches name, surname or e-mail. */
  @Roles('admin')
  @Get()
  @ApiErrors('VALIDATION_FAILED')
  listUsers(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  /** One user (deleted ones are 404). */
  @Roles('admin')
  @Get(':id')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  getUser(@Param('id', UuidPipe) id: string): Promise<UserDto> {
    return this.users.findOne(id);
  }

  /** Creates a user of any role (a doctor with a specialty, say). */
  @Roles('admin')
  @Post()
  @ApiErrors('VALIDATION_FAILED', 'EMAIL_TAKEN')
  createUser(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(dto);
  }

  /** Names, role, specialty, enabled, profile; disabling ends every session of the user at once. */
  @Roles('admin')
  @Patch(':id')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  updateUser(
    @CurrentUser() me: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(me.id, id, dto);
  }

  /** Soft delete: the user's tokens answer 404 USER_NOT_FOUND from the next request; history stays. */
  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  deleteUser(@CurrentUser() me: AuthUser, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.users.remove(me.id, id);
  }
}
