// dist/contract/scaffold-formats.js
var SCAFFOLD_FORMATS = ['odcs', 'meshwork'];

export { SCAFFOLD_FORMATS };
