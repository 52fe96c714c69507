// A crowd of clients in a process of its own, so on another core than the server under test (in one process the
// client's own work spaces the requests out and hides the contention). Reads { url, requests: [{ method, path,
// headers, body, url? }, ...] } as JSON on stdin (a request's own url sends it to another instance), sends all the
// requests at once with supertest and writes their statuses as a JSON array on stdout.
import request from 'supertest';

let input = '';
for await (const chunk of process.stdin) {
  input += chunk;
}
const { url, requests } = JSON.parse(input);
const responses = await Promise.all(
  requests.map(({ method, path, headers, body, url: instance }) =>
    request(instance ?? url)
      [method](path)
      .set(headers ?? {})
      .send(body),
  ),
);
process.stdout.write(JSON.stringify(responses.map((response) => response.status)));
