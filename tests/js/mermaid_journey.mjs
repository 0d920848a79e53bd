// Reads a Mermaid `journey` diagram on stdin, parses it with the real Mermaid parser (the
// `mermaid` npm package, pinned by the repo's package-lock.json) and prints what Mermaid
// understood as JSON: {title, sections: [...], tasks: [{section, task, score, people}]}.
// On a parse error it prints the error message on stderr and exits 1.
//
// Mermaid sanitizes text with DOMPurify, which needs a DOM: jsdom provides `window` before
// mermaid is imported. No network, no browser.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = window;
globalThis.document = window.document;

const { default: mermaid } = await import('mermaid');

const text = readFileSync(0, 'utf8');
try {
  mermaid.initialize({ startOnLoad: false, logLevel: 'fatal' });
  const { diagramType } = await mermaid.parse(text);
  if (diagramType !== 'journey') {
    throw new Error(`expected a journey diagram, Mermaid detected ${diagramType}`);
  }
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  // getTasks() appends the parsed tasks to its list on every call: call it once
  const tasks = db.getTasks().map((t) => ({
    section: t.section, task: t.task, score: t.score, people: t.people,
  }));
  process.stdout.write(JSON.stringify({
    title: db.getDiagramTitle(), sections: db.getSections(), tasks,
  }) + '\n');
  process.exitCode = 0;
} catch (error) {
  process.stderr.write(`${error?.message ?? error}\n`);
  process.exitCode = 1;
}
window.close();
