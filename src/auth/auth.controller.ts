import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { UuidPipe } from '../common/validation.js';
import { CredentialRoute } from '../rate-limit/credential-route.decorator.js';
import { demoLoginBody } from '../demo/demo-accounts.js';
import { UserDto } from '../users/user.dto.js';
import { UsersService } from '../users/users.service.js';
import { AuthCookies } from './auth-cookies.js';
import type { AuthUser } from './auth-user.js';
import { AuthService } from './auth.service.js';
import { ApiAuth, CurrentUser, Public } from './auth.decorators.js';
import { AuthResultDto } from './dto/auth-result.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { SessionDto } from './dto/session.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly cookies: AuthCookies,
  ) {}

  /** Creates a patient account (or an admin, with the right adminKey). Does not log in. */
  @Public()
  @CredentialRoute()
  @Post('register')
  @ApiErrors('VALIDATION_FAILED', 'INVALID_ADMIN_KEY', 'EMAIL_TAKEN')
  register(@Body() dto: RegisterDto): Promise<UserDto> {
    return this.auth.register(dto);
  }

  /** Returns the tokens and sets them as cookies (access_token, refresh_token, csrf_token). */
  @Public()
  @CredentialRoute()
  @Post('login')
  @HttpCode(200)
  @ApiBody(demoLoginBody())
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'USER_DISABLED')
  async login(
    @Body() dto: LoginDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthResultDto> {
    return this.cookies.set(reply, await this.auth.login(dto));
  }

  /** Rotates the refresh token (from the body, else the refresh_token cookie plus x-csrf-token). */
  @Public()
  @CredentialRoute()
  @Post('refresh')
  @HttpCode(200)
  @ApiErrors('VALIDATION_FAILED', 'REFRESH_INVALID', 'REFRESH_REUSED', 'CSRF_INVALID')
  async refresh(
    @Body() dto: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthResultDto> {
    return this.cookies.set(
      reply,
      await this.auth.refresh(this.cookies.refreshToken(request, dto.refreshToken)),
    );
  }

  /** Ends this session: its access and refresh tokens stop working at once. */
  @ApiAuth()
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentUser() me: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(me);
    this.cookies.clear(reply);
  }

  /** Ends every session of the caller, on every device. */
  @ApiAuth()
  @Post('logout-all')
  @HttpCode(204)
  async logoutAll(
    @CurrentUser() me: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logoutAll(me);
    this.cookies.clear(reply);
  }

  /** The caller, as the access token's session sees them now. */
  @ApiAuth()
  @Get('me')
  getMe(@CurrentUser() me: AuthUser): Promise<UserDto> {
    return this.users.findOne(me.id);
  }

  /** The caller's live sessions, newest first. */
  @ApiAuth()
  @Get('sessions')
  listSessions(@CurrentUser() me: AuthUser): Promise<SessionDto[]> {
    return this.auth.listSessions(me);
  }

  /** Ends one of the caller's sessions (another user's is 404). */
  @ApiAuth()
  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  revokeSession(@CurrentUser() me: AuthUser, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.auth.revokeSession(me, id);
  }
}
