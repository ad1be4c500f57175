export * from './control-plane.module';
export * from './control-plane.service';
export * from './root-credential.guard';
