import { Injectable } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { isNestInternal } from './nest-internals.js';

/** nestjs-pino's logger, with Nest's own start-up chatter (modules, routes) at debug instead of info. */
@Injectable()
export class AppLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    if (isNestInternal(optionalParams)) {
      super.debug(message, ...optionalParams);
    } else {
      super.log(message, ...optionalParams);
    }
  }
}
