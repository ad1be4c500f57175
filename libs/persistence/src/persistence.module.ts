import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { randomBytes } from 'crypto';
import { GATEHOUSE_CONFIG, GatehouseConfig } from '@gatehouse/config';
import { Cascades } from './cascades';
import { openDataSource } from './data-source';
import { SecretBox } from './secret-box';

/**
 * The at-rest key: GATEHOUSE_SECRET_KEY, else one generated once into the data folder. Two processes
 * starting together on a new folder agree on one key: each writes a candidate to a file of its own and
 * links it into place, which succeeds for exactly one; everyone then reads the key that won (a file
 * is never seen half-written).
 */
export function resolveSecretKey(config: GatehouseConfig): string {
  if (config.secretKey) return config.secretKey;
  const file = join(config.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    const candidate = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(candidate, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(candidate, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(candidate);
    }
  }
  return readFileSync(file, 'utf8').trim();
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
        // One registry per application (not per process): tests run several applications side by side.
        { provide: Cascades, useFactory: () => new Cascades() },
      ],
      exports: [DataSource, SecretBox, Cascades],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
