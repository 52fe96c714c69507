import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorBodyDto } from './common/error-body.dto.js';
import metadata from './metadata.js';
import { documentErrors } from './openapi/error-responses.js';

/** Swagger UI at /docs, the document at /docs-json, with the three ways to send an access token. */
export async function setupSwagger(app: INestApplication): Promise<void> {
  const config = new DocumentBuilder()
    .setTitle('Clínica Vitalis API')
    .setDescription(
      'Backend of Clínica Vitalis. Log in with POST /auth/login (its examples are the demo accounts of ' +
        '`npm run seed`), then press Authorize and paste the `token` into "bearer" (or "x-token"). Errors are ' +
        '`{ statusCode, code, message }`; send `Accept-Language: en` for English.',
    )
    .setVersion('1.0')
    // The order Swagger UI shows the groups in: log in first.
    .addTag('auth', 'Log in, refresh, log out, sessions, password recovery, e-mail verification')
    .addTag('users', 'The caller, user administration (admins), and patients as their doctors see them')
    .addTag('doctors', 'Doctors, their working hours, absences and free slots')
    .addTag('closures', 'Days the clinic is closed: no slot offered, no booking taken')
    .addTag('appointments', 'Booking, status, cancellation, PDFs')
    .addTag(
      'messages',
      'The support chat with the clinic’s staff (real time on the /chat Socket.IO namespace)',
    )
    .addTag('audit', 'The audit trail of logins, account and appointment changes (admins)')
    .addTag('health', 'Liveness and readiness')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-token' }, 'x-token')
    .addCookieAuth('access_token', { type: 'apiKey', in: 'cookie', name: 'access_token' }, 'cookie')
    .build();
  // What the Swagger CLI plugin knows about DTOs and handlers (the SWC build does not run it): src/metadata.ts,
  // written by `npm run openapi:metadata`.
  await SwaggerModule.loadPluginMetadata(metadata);
  // Built on the first request for it, not at start-up: it walks every route and DTO (a few hundred ms).
  const document = () => {
    const built = SwaggerModule.createDocument(app, config, {
      // Handler names are the operationIds (login, listAppointments): what generated clients call their functions.
      operationIdFactory: (_controller, method) => method,
      extraModels: [ErrorBodyDto],
    });
    documentErrors(app, built);
    return built;
  };
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
