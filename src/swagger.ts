import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /docs, the document at /docs-json, with the three ways to send an access token. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Clínica Vitalis API')
    .setDescription(
      'Backend of Clínica Vitalis. Log in with POST /auth/login, then press Authorize and paste the `token` ' +
        'into "bearer" (or "x-token"). Errors are `{ statusCode, code, message }`; send `Accept-Language: en` for English.',
    )
    .setVersion('1.0')
    // The order Swagger UI shows the groups in: log in first.
    .addTag('auth', 'Log in, refresh, log out, sessions')
    .addTag('users', 'The caller, and user administration (admins)')
    .addTag('doctors', 'Doctors, their working hours and free slots')
    .addTag('appointments', 'Booking, status, cancellation, PDFs')
    .addTag('health', 'Liveness and readiness')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-token' }, 'x-token')
    .addCookieAuth('access_token', { type: 'apiKey', in: 'cookie', name: 'access_token' }, 'cookie')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
