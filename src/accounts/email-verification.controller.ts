import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiAuth, CurrentUser, Public } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { pickLocale } from '../common/locale.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { CredentialRoute } from '../rate-limit/credential-route.decorator.js';
import { AcceptedDto } from './dto/accepted.dto.js';
import { ChangeEmailDto } from './dto/change-email.dto.js';
import { ResendVerificationDto } from './dto/resend-verification.dto.js';
import { VerifyEmailDto } from './dto/verify-email.dto.js';
import { EmailVerificationService } from './email-verification.service.js';

const RESENT = {
  es: 'Si hay una cuenta sin confirmar con ese correo, le hemos enviado un enlace nuevo.',
  en: 'If an unconfirmed account has that e-mail, a new link has been sent to it.',
};
const CHANGE_SENT = {
  es: 'Te hemos enviado un enlace al correo nuevo; tu correo cambiará cuando lo abras.',
  en: 'A link has been sent to the new address; your e-mail changes once you open it.',
};

@ApiTags('auth')
@Controller()
export class EmailVerificationController {
  constructor(
    private readonly verification: EmailVerificationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Opens a mailed link: verifies the e-mail it was sent to, or completes a change of e-mail. An unknown, used or
   * expired link is 400 EMAIL_TOKEN_INVALID; a new address another account took meanwhile, 409 EMAIL_TAKEN.
   */
  @Public()
  @CredentialRoute()
  @Post('auth/email/verify')
  @HttpCode(204)
  @ApiErrors('VALIDATION_FAILED', 'EMAIL_TOKEN_INVALID', 'EMAIL_TAKEN')
  verify(@Body() dto: VerifyEmailDto): Promise<void> {
    return this.verification.verify(dto.token);
  }

  /** Mails a new verification link. Always 202 with the same body; at most 3 links an hour to one account. */
  @Public()
  @CredentialRoute()
  @Post('auth/email/verify/resend')
  @HttpCode(202)
  @ApiErrors('VALIDATION_FAILED')
  async resend(
    @Body() dto: ResendVerificationDto,
    @Headers('accept-language') language?: string,
  ): Promise<AcceptedDto> {
    await this.verification.resend(dto.email);
    return { message: RESENT[pickLocale(language, this.config.defaultLocale)] };
  }

  /**
   * Starts a change of the caller's e-mail: a confirmation link to the new address, a notice to the current one. The
   * e-mail changes only on confirmation (POST /auth/email/verify). A wrong password is 401 INVALID_CREDENTIALS (and
   * locks password changes from this session after LOGIN_MAX_FAILURES); more than 3 changes an hour, 429.
   */
  @ApiAuth()
  @Post('api/users/me/email')
  @HttpCode(202)
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'TOO_MANY_ATTEMPTS')
  async requestChange(
    @CurrentUser() me: AuthUser,
    @Body() dto: ChangeEmailDto,
    @Headers('accept-language') language?: string,
  ): Promise<AcceptedDto> {
    await this.verification.requestChange(me.id, me.sessionId, dto.email, dto.currentPassword);
    return { message: CHANGE_SENT[pickLocale(language, me.locale)] };
  }
}
