import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { randomBytes } from 'crypto';
import { GATEHOUSE_CONFIG, GatehouseConfig } from '@gatehouse/config';
import { openDataSource } from './data-source';
import { SecretBox } from './secret-box';

/** The at-rest key: GATEHOUSE_SECRET_KEY, else one generated once into the data folder. */
export function resolveSecretKey(config: GatehouseConfig): string {
  if (config.secretKey) return config.secretKey;
  const file = join(config.dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

@Global()
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  static forRoot(): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: DataSource,
          inject: [GATEHOUSE_CONFIG],
          useFactory: (config: GatehouseConfig) => openDataSource(config.database),
        },
        {
          provide: SecretBox,
          inject: [GATEHOUSE_CONFIG],
          useFactory: (config: GatehouseConfig) => new SecretBox(resolveSecretKey(config)),
        },
      ],
      exports: [DataSource, SecretBox],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
