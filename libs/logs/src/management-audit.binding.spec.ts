import { Controller, Delete, DynamicModule, forwardRef, Get, Module, Patch, Post, Put } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { bindManagementAudit, controllersOf, managementWriteHandlers } from './management-audit.binding';
import { ManagementAuditInterceptor } from './management-audit.interceptor';

@Controller('api/v2/widgets')
class Widgets {
  @Get() list() {}
  @Get(':id') get() {}
  @Post() create() {}
  @Patch(':id') update() {}
  @Put(':id/parts') replace() {}
  @Delete(':id') remove() {}
  helper() {}
}
@Controller('api/v2')
class Root {
  @Post('jobs') job() {}
}
@Controller('api/v2x')
class LookAlike {
  @Post() create() {}
}
@Controller('ext/v1/lint')
class Extension {
  @Post('client') lint() {}
}
@Controller()
class OAuth {
  @Post('oauth/token') token() {}
}

describe('managementWriteHandlers', () => {
  const cases: { controller: new () => object; writes: string[] }[] = [
    { controller: Widgets, writes: ['create', 'update', 'replace', 'remove'] },
    { controller: Root, writes: ['job'] },
    { controller: LookAlike, writes: [] },
    { controller: Extension, writes: [] },
    { controller: OAuth, writes: [] },
  ];
  it.each(cases)('$controller.name: $writes', ({ controller, writes }) => {
    const found = managementWriteHandlers([controller as never]);
    const names = Object.getOwnPropertyNames(controller.prototype).filter((n) => found.includes((controller.prototype as Record<string, never>)[n]));
    expect(names.sort()).toEqual([...writes].sort());
  });
});

describe('controllersOf and bindManagementAudit', () => {
  @Module({ controllers: [Widgets] })
  class WidgetsModule {}
  @Module({ imports: [WidgetsModule, forwardRef(() => WidgetsModule)], controllers: [Extension] })
  class Nested {}
  const root: DynamicModule = { module: class Root {}, imports: [Nested, { module: class Dyn {}, controllers: [OAuth, Root] }], controllers: [] };

  it('finds the controllers of static, dynamic and forward-referenced imports, once each', () => {
    expect(
      controllersOf(root)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['Extension', 'OAuth', 'Root', 'Widgets']);
  });

  it('binds the interceptor class to the writes only, once however often an application is made', () => {
    expect(bindManagementAudit(root)).toBe(5);
    expect(bindManagementAudit(root)).toBe(5);
    const interceptors = (handler: unknown) => Reflect.getMetadata(INTERCEPTORS_METADATA, handler as object) as unknown[] | undefined;
    expect(interceptors(Widgets.prototype.create)).toEqual([ManagementAuditInterceptor]);
    expect(interceptors(Root.prototype.job)).toEqual([ManagementAuditInterceptor]);
    expect(interceptors(Widgets.prototype.get)).toBeUndefined();
    expect(interceptors(OAuth.prototype.token)).toBeUndefined();
    expect(interceptors(Extension.prototype.lint)).toBeUndefined();
  });
});
