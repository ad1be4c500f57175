import { DynamicModule, Global, Module } from '@nestjs/common';
import { GatehouseConfig } from './config.schema';

/** Injection token for the validated configuration. */
export const GATEHOUSE_CONFIG = Symbol('GATEHOUSE_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: GatehouseConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: GATEHOUSE_CONFIG, useValue: config }],
      exports: [GATEHOUSE_CONFIG],
    };
  }
}
