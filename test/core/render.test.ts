import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answers } from '../../src/core/options.js';
import { outputPath, render, securePlaceholder, templateFiles, type Pins, type RenderLayout, type TemplateFile } from '../../src/core/render.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

const ANSWERS: Answers = {
  name: 'cymem', importName: 'cymem', repoUrl: 'https://github.com/explosion/cymem', owner: 'explosion', buildCommit: 'v2.0.8',
  ci: 'fake', engine: 'multibuild', python: ['3.9', '3.13', '3.10'], platforms: ['linux-x86_64'], buildDepends: '', testDepends: '',
  testCommand: '', preBuild: '', staging: 'none', anacondaOrg: '', s3Bucket: '', publish: 'trusted', nightly: 'none', nightlyRef: '', nightlyOrg: '',
};

const PINS: Pins = {
  actions: {
    checkout: { repo: 'actions/checkout', ref: SHA, tag: 'v4.2.2' },
    untagged: { repo: 'o/untagged', ref: 'main', tag: '' },
  },
  multibuild: { url: 'https://github.com/multi-build/multibuild', branch: 'devel', commit: SHA, date: '2025-01-01' },
  macpython: {},
  testImages: {},
};

/** A layout rendering base/ then over/ (over/ wins), with a view key, secrets and variables of its own. */
const LAYOUT: RenderLayout = {
  files: (_a, templates) => templateFiles(templates, ['base', 'over']),
  view: (a) => ({ extra: `extra for ${a.name}` }),
  secrets: () => [{ name: 'S1' }],
  variables: () => [{ name: 'V1' }],
};

function ctx(templates: TemplateFile[]) {
  return { version: '9.8.7', templates, pins: PINS };
}

describe('outputPath', () => {
  it('drops .ejs and turns a leading "_" of every segment into "."', () => {
    assert.equal(outputPath('_github/workflows/x.yml.ejs'), '.github/workflows/x.yml');
    assert.equal(outputPath('_gitignore'), '.gitignore');
    assert.equal(outputPath('_travis.yml.ejs'), '.travis.yml');
    assert.equal(outputPath('ci/_x/run_tests.sh'), 'ci/.x/run_tests.sh');
  });

  it('keeps other paths as they are (.ejs only at the end, "_" only at the start of a segment)', () => {
    assert.equal(outputPath('ci/run_tests.sh'), 'ci/run_tests.sh');
    assert.equal(outputPath('a.ejs.txt'), 'a.ejs.txt');
    assert.equal(outputPath('config.sh.ejs'), 'config.sh');
  });
});

describe('templateFiles', () => {
  const templates = ['base/x.txt', 'over/x.txt', 'base/_github/w.yml.ejs', 'base/README.md.ejs', 'base/ci/a.sh', 'partials/p.yml.ejs', 'baseline/y.txt', 'other/z.txt'];

  it('maps every template of the folders to its output, a later folder replacing an earlier one, sorted by output path', () => {
    assert.deepEqual(templateFiles(templates, ['base', 'over']), [
      { template: 'base/_github/w.yml.ejs', path: '.github/w.yml' },
      { template: 'base/README.md.ejs', path: 'README.md' },
      { template: 'base/ci/a.sh', path: 'ci/a.sh' },
      { template: 'over/x.txt', path: 'x.txt' },
    ]);
  });

  it('lets the last folder win whatever the order of the template list', () => {
    assert.deepEqual(templateFiles(['over/x.txt', 'base/x.txt'], ['base', 'over']), [{ template: 'over/x.txt', path: 'x.txt' }]);
    assert.deepEqual(templateFiles(templates, ['over', 'base']).find((f) => f.path === 'x.txt'), { template: 'base/x.txt', path: 'x.txt' });
  });

  it('never includes partials unless the partials folder is asked for', () => {
    assert.ok(!templateFiles(templates, ['base', 'over', 'other']).some((f) => f.template.startsWith('partials/')));
    assert.deepEqual(templateFiles(templates, ['partials']), [{ template: 'partials/p.yml.ejs', path: 'p.yml' }]);
  });

  it('takes only whole folders (base is not baseline) and gives nothing for no folders', () => {
    assert.ok(!templateFiles(templates, ['base']).some((f) => f.template.startsWith('baseline/')));
    assert.deepEqual(templateFiles(templates, []), []);
    assert.deepEqual(templateFiles(templates, ['nothing']), []);
  });

  it('handles nested folders such as github-actions/multibuild', () => {
    assert.deepEqual(templateFiles(['github-actions/multibuild/_github/workflows/b.yml.ejs', 'github-actions/x.txt'], ['github-actions/multibuild']), [
      { template: 'github-actions/multibuild/_github/workflows/b.yml.ejs', path: '.github/workflows/b.yml' },
    ]);
  });
});

describe('securePlaceholder', () => {
  it('is base64 of "PLACEHOLDER NAME: run wheels-repo secrets sync", padded to end in "="', () => {
    // 12 + len(name) + 30 characters; a multiple of 3 (ABC, GITHUB_TOKEN) gets a "." so the base64 is padded
    assert.equal(Buffer.from(securePlaceholder('AB'), 'base64').toString('utf8'), 'PLACEHOLDER AB: run wheels-repo secrets sync');
    assert.equal(Buffer.from(securePlaceholder('X'), 'base64').toString('utf8'), 'PLACEHOLDER X: run wheels-repo secrets sync');
    assert.equal(Buffer.from(securePlaceholder('PYPI'), 'base64').toString('utf8'), 'PLACEHOLDER PYPI: run wheels-repo secrets sync');
    assert.equal(Buffer.from(securePlaceholder('ABC'), 'base64').toString('utf8'), 'PLACEHOLDER ABC: run wheels-repo secrets sync.');
    assert.equal(Buffer.from(securePlaceholder('GITHUB_TOKEN'), 'base64').toString('utf8'), 'PLACEHOLDER GITHUB_TOKEN: run wheels-repo secrets sync.');
    assert.equal(securePlaceholder('AB'), Buffer.from('PLACEHOLDER AB: run wheels-repo secrets sync').toString('base64'));
  });

  it('ends in "=" and is valid base64 for names of every length', () => {
    for (let n = 0; n < 12; n++) {
      const name = 'N'.repeat(n);
      const p = securePlaceholder(name);
      assert.match(p, /^[A-Za-z0-9+/]+={1,2}$/, name);
      assert.ok(Buffer.from(p, 'base64').toString('utf8').startsWith(`PLACEHOLDER ${name}: run wheels-repo secrets sync`), name);
    }
  });
});

describe('render', () => {
  it('renders .ejs templates with the view, the layout\'s keys included', () => {
    const templates: TemplateFile[] = [
      { path: 'base/info.txt.ejs', text: '<%= a.name %> <%= version %> <%= extra %> <%= newestPython %> <%= publishing %> <%= secrets.map((s) => s.name).join() %> <%= variables.map((v) => v.name).join() %> <%= pins.multibuild.branch %>\n' },
    ];
    const [file, ...rest] = render(ANSWERS, LAYOUT, ctx(templates));
    assert.deepEqual(rest, []);
    assert.deepEqual(file, { path: 'info.txt', content: 'cymem 9.8.7 extra for cymem 3.13 true S1 V1 devel\n', mode: 0o644 });
  });

  it('gives the quoting helpers and the placeholder to templates', () => {
    const templates: TemplateFile[] = [{ path: 'base/q.txt.ejs', text: "<%- sq(\"it's\") %>|<%- placeholder('AB') %>|<%- tq('a\"b') %>" }];
    const [file] = render(ANSWERS, LAYOUT, ctx(templates));
    assert.equal(file?.content, `'it'\\''s'|${securePlaceholder('AB')}|"a\\"b"`);
  });

  it('copies other templates verbatim, ejs tags included', () => {
    const text = 'echo <%= a.name %>\n';
    const [file] = render(ANSWERS, LAYOUT, ctx([{ path: 'base/ci/plain.sh', text }]));
    assert.deepEqual(file, { path: 'ci/plain.sh', content: text, mode: 0o644 });
  });

  it('makes a .sh file that starts with #! executable (0o755), every other file 0o644', () => {
    const templates: TemplateFile[] = [
      { path: 'base/config.sh.ejs', text: '#!/bin/bash\necho <%= a.name %>\n' },
      { path: 'base/ci/run.sh', text: '#!/bin/sh\n' },
      { path: 'base/ci/lib.sh', text: '# sourced\n' },
      { path: 'base/tool.py', text: '#!/usr/bin/env python\n' },
      { path: 'base/late.sh.ejs', text: '\n#!/bin/sh\n' },
    ];
    const files = render(ANSWERS, LAYOUT, ctx(templates));
    assert.deepEqual(files.map((f) => [f.path, f.mode]), [
      ['ci/lib.sh', 0o644], ['ci/run.sh', 0o755], ['config.sh', 0o755], ['late.sh', 0o644], ['tool.py', 0o644],
    ]);
    assert.equal(files.find((f) => f.path === 'config.sh')?.content, '#!/bin/bash\necho cymem\n');
  });

  it('renders the files the layout picks, the later folder winning', () => {
    const templates: TemplateFile[] = [
      { path: 'base/README.md.ejs', text: 'base <%= a.name %>' },
      { path: 'over/README.md.ejs', text: 'over <%= a.name %>' },
      { path: 'unused/x.txt', text: 'x' },
    ];
    assert.deepEqual(render(ANSWERS, LAYOUT, ctx(templates)), [{ path: 'README.md', content: 'over cymem', mode: 0o644 }]);
  });

  it('reads include(\'x\') from partials/x.ejs, with the same view', () => {
    const templates: TemplateFile[] = [
      { path: 'base/_github/workflows/w.yml.ejs', text: "name: w\n<%- include('head.yml') %>steps: <%= extra %>\n" },
      { path: 'partials/head.yml.ejs', text: 'on: <%= a.name %>\n' },
    ];
    const [file] = render(ANSWERS, LAYOUT, ctx(templates));
    assert.deepEqual(file, { path: '.github/workflows/w.yml', content: 'name: w\non: cymem\nsteps: extra for cymem\n', mode: 0o644 });
  });

  it('throws for an include of a partial that does not exist', () => {
    const templates: TemplateFile[] = [{ path: 'base/w.yml.ejs', text: "<%- include('nope') %>" }];
    assert.throws(() => render(ANSWERS, LAYOUT, ctx(templates)), /templates\/partials\/nope\.ejs does not exist/);
  });

  it('writes action pins as repo@ref # tag (or repo@ref without a tag), and throws for a missing one', () => {
    const templates: TemplateFile[] = [{ path: 'base/w.yml.ejs', text: "- uses: <%- pin('checkout') %>\n- uses: <%- pin('untagged') %>\n" }];
    assert.equal(render(ANSWERS, LAYOUT, ctx(templates))[0]?.content, `- uses: actions/checkout@${SHA} # v4.2.2\n- uses: o/untagged@main\n`);
    const missing: TemplateFile[] = [{ path: 'base/w.yml.ejs', text: "uses: <%- pin('setup-python') %>\n" }];
    assert.throws(() => render(ANSWERS, LAYOUT, ctx(missing)), /templates\/pins\.json has no action "setup-python"/);
  });

  it('sets publishing only for --publish trusted, and newestPython by minor version', () => {
    const templates: TemplateFile[] = [{ path: 'base/v.txt.ejs', text: '<%= publishing %> <%= newestPython %>' }];
    const a: Answers = { ...ANSWERS, publish: 'none', python: ['3.8', '3.12', '3.9'] };
    assert.equal(render(a, LAYOUT, ctx(templates))[0]?.content, 'false 3.12');
  });
});

// The templates' functions come from the source ejs translated them to at build time
// (scripts/compile-templates.mjs, #templates): every layout and engine, with and without the optional
// parts, renders the same bytes that way as through ejs itself.
describe('render through the templates translated at build time', () => {
  const CASES: Record<string, string>[] = [
    {},
    { engine: 'cibuildwheel' },
    { ci: 'travis-appveyor' },
    { python: '3.12,3.13', testCommand: 'python -c "import cymem"', preBuild: 'pip install cython', buildDepends: 'cython', testDepends: 'pytest', staging: 'anaconda', anacondaOrg: 'cymem-wheels', nightly: '0 3 * * 1' },
    { engine: 'cibuildwheel', python: '3.13,3.14t', publish: 'none', staging: 'github-release' },
    { ci: 'travis-appveyor', publish: 'twine', staging: 's3', s3Bucket: 'wheels-bucket' },
  ];
  it('gives what ejs gives for every layout and option set, and uses the translation for every template', async () => {
    const { resolveAnswers } = await import('../../src/answers/schema.js');
    const { layoutFor } = await import('../../src/providers/registry.js');
    const { loadPins, loadTemplates } = await import('../../src/io/package-files.js');
    const { TEMPLATES } = (await import('#templates')).templates();
    const templates = loadTemplates();
    for (const t of templates.filter((x) => x.path.endsWith('.ejs'))) assert.equal(TEMPLATES[t.path]?.[0], t.text, `${t.path} is translated from its current text`);
    for (const given of CASES) {
      const r = resolveAnswers({ name: 'cymem', repoUrl: 'https://github.com/explosion/cymem', ...given });
      assert.ok(r.ok, JSON.stringify(r));
      const context = { version: '1.2.3', templates, pins: loadPins() };
      const translated = render(r.answers, layoutFor(r.answers.ci), context);
      const byEjs = render(r.answers, layoutFor(r.answers.ci), { ...context, precompiled: false });
      assert.ok(translated.length > 3);
      assert.deepEqual(translated, byEjs, JSON.stringify(given));
    }
  });

  it('falls back to ejs for a template whose text is not the one translated (CREATE_WHEELS_REPO_TEMPLATES)', () => {
    const changed = [{ path: 'base/config.sh.ejs', text: '#!/bin/sh\n# <%= a.name %> <%- include("p") %>\n' }, { path: 'partials/p.ejs', text: '[<%= extra %>]' }];
    const out = render(ANSWERS, LAYOUT, ctx(changed));
    assert.equal(out.find((f) => f.path === 'config.sh')?.content, '#!/bin/sh\n# cymem [extra for cymem]\n');
  });
});
