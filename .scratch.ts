import { readDocument, updateDocument } from './src/contract/source-document.ts';
import { officialExample } from './src/contract/testdata/official-examples.ts';
import { cloneData } from './src/contract/plain-data.ts';
for (const n of ['odcs/all/full-example.odcs.yaml','odcs/schema/kafka-schema.odcs.yaml', 'odcs/schema/kafka-schemaregistry.odcs.yaml']) {
const text = officialExample(n);
const doc = readDocument(text);
const data = cloneData(doc.data) as any;
data.version = '9.9.9'; data.meshworkNote = 'added by a test';
const out = updateDocument(doc, data).text;
const a = text.split('\n'), b = out.split('\n');
console.log(n, b.filter(l => !a.includes(l)), a.filter(l=>!b.includes(l)));
}
