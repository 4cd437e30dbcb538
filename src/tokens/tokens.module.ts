import { Global, Module } from '@nestjs/common';
import { Links } from './links.js';
import { TokenService } from './token.service.js';

/**
 * Signed tokens and the links that carry them (confirm, unsubscribe, preferences). Global and on
 * a low floor: the link pages verify what the emails sign, and neither may import the other.
 */
@Global()
@Module({ providers: [TokenService, Links], exports: [TokenService, Links] })
export class TokensModule {}
