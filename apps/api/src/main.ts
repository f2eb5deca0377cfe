// First: tracing patches the libraries below as they load.
import { tracing } from './tracing';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { ConfigError, loadConfig } from './config/app-config';
import { Lifecycle } from './modules/observability/lifecycle.service';

/** Hard stop if a graceful shutdown hangs (Kubernetes sends SIGKILL after 30 s by default). */
const SHUTDOWN_TIMEOUT_MS = 25_000;

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, { webDistPath: join(__dirname, '..', 'web', 'browser') });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app, config);
  await app.listen(config.port, config.host);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    const logger = app.get(Logger);
    logger.log(`${signal}: draining for ${config.shutdownDrainMs} ms, then closing`);
    app.get(Lifecycle).startDraining();
    await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
    await app.close();
    // The last spans; an unreachable collector must not turn a clean stop into a crash.
    await tracing?.shutdown().catch((error: unknown) => logger.warn(`could not flush the last traces: ${String(error)}`));
    logger.log('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

void bootstrap();
