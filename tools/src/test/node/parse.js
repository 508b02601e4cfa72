// Reads a Prometheus text-format exposition on stdin and prints the parsed metric families as JSON on stdout:
// [{name, help, type: "COUNTER"|"GAUGE"|..., metrics: [{labels: {...}, value: "5"}]}]. Exit 1 on a parse error.
const parse = require('parse-prometheus-text-format');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  try {
    process.stdout.write(JSON.stringify(parse(input)));
  } catch (err) {
    process.stderr.write('parse error: ' + err.message + '\n');
    process.exit(1);
  }
});
