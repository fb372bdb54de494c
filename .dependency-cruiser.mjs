// The import rules `npm run lint` enforces (dependency-cruiser). Biome checks each file; these
// check how files depend on each other, which no single-file linter sees.

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycle',
      comment:
        'A cycle of modules: neither can be understood, tested or moved without the other. Move the shared piece to the module both may depend on.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      // Folders are layers (config, http, assertions, runner, suite…): an arrow back up from a
      // lower folder is a cycle of responsibilities even when no two files import each other.
      name: 'no-folder-cycle',
      comment:
        'A cycle between folders of the engine: the lower one imports the higher one. Move the shared piece down.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      // The suite depends on the engine, never the reverse: a team's checks, fixtures and the
      // repository's examples, tests and bench are not shipped (package.json `files`).
      name: 'engine-imports-no-suite',
      comment:
        'src/ is the engine a suite installs: it cannot import checks/, fixtures/, examples/, test/ or bench/, which are not part of the package.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(checks|fixtures|examples|test|bench)/' },
    },
    {
      // What a team copies and edits must keep working when the engine's files move between
      // releases: it reaches the engine through the package's name, as an installed suite does.
      name: 'suite-imports-engine-by-name',
      comment:
        "A suite's files import 'smokecheck' or 'smokecheck/config', not a path into src/, which is the engine's own and may change.",
      severity: 'error',
      from: { path: '^(checks|fixtures|templates/init)/|^vitest[.]config[.]ts$' },
      to: { path: '^src/', dependencyTypes: ['local'] },
    },
  ],
  options: {
    // `import type` counts: a type-only cycle still ties the two modules together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
    },
  },
}
