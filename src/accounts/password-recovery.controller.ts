import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiAuth, CurrentUser, Public, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { pickLocale } from '../common/locale.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UuidPipe } from '../common/validation.js';
import { CredentialRoute } from '../rate-limit/credential-route.decorator.js';
import { AcceptedDto } from './dto/accepted.dto.js';
import { AdminPasswordResetDto } from './dto/admin-password-reset.dto.js';
import { ForgotPasswordDto } from './dto/forgot-password.dto.js';
import { ResetPasswordDto } from './dto/reset-password.dto.js';
import { PasswordRecoveryService } from './password-recovery.service.js';

const SENT = {
  es: 'Si hay una cuenta con ese correo, le hemos enviado un enlace para elegir una contraseña nueva.',
  en: 'If an account has that e-mail, a link to choose a new password has been sent to it.',
};
const SENT_BY_ADMIN = {
  es: 'Se ha enviado al usuario un enlace para elegir una contraseña nueva.',
  en: 'A link to choose a new password has been sent to the user.',
};

@ApiTags('auth')
@Controller()
export class PasswordRecoveryController {
  constructor(
    private readonly recovery: PasswordRecoveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Mails a single-use link (PASSWORD_RESET_TTL, 30 min) to the account with this e-mail. Always 202 with the same
   * body, in about the same time, whether or not there is one; at most 3 mails an hour to one address.
   */
  @Public()
  @CredentialRoute()
  @Post('auth/password/forgot')
  @HttpCode(202)
  @ApiErrors('VALIDATION_FAILED')
  async forgot(
    @Body() dto: ForgotPasswordDto,
    @Headers('accept-language') language?: string,
  ): Promise<AcceptedDto> {
    await this.recovery.forgot(dto.email);
    return { message: SENT[pickLocale(language, this.config.defaultLocale)] };
  }

  /**
   * Sets a new password with the mailed token. The token is spent; every session of the user ends; lock-outs of
   * the e-mail are cleared; a "your password was changed" mail goes out.
   */
  @Public()
  @CredentialRoute()
  @Post('auth/password/reset')
  @HttpCode(204)
  @ApiErrors('VALIDATION_FAILED', 'RESET_TOKEN_INVALID')
  reset(@Body() dto: ResetPasswordDto): Promise<void> {
    return this.recovery.reset(dto.token, dto.password);
  }

  /** Mails the user a reset link (an admin never sees or sets a password); `revokeSessions` logs them out now. */
  @ApiAuth()
  @Roles('admin')
  @Post('api/users/:id/password-reset')
  @HttpCode(202)
  @ApiErrors('VALIDATION_FAILED', 'USER_NOT_FOUND', 'TARGET_DISABLED')
  async sendByAdmin(
    @CurrentUser() me: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Body() dto: AdminPasswordResetDto,
    @Headers('accept-language') language?: string,
  ): Promise<AcceptedDto> {
    await this.recovery.sendByAdmin(me.id, id, dto.revokeSessions ?? false);
    return { message: SENT_BY_ADMIN[pickLocale(language, this.config.defaultLocale)] };
  }
}
