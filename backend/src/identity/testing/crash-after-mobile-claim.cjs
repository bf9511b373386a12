// Preloaded (node --require) by registration-recovery.http.spec.ts only, never by the product: kills
// the process with SIGKILL the moment a mobile number's claim is committed, i.e. between the two
// appends of a registration, the way a power cut or an OOM kill would.
const { join, dirname } = require('node:path');

const { AggregateStreams } = require(join(dirname(process.argv[1]), 'event-sourcing/aggregate-streams.js'));
const handle = AggregateStreams.prototype.handle;
AggregateStreams.prototype.handle = async function (streamId, ...rest) {
  const result = await handle.call(this, streamId, ...rest);
  if (streamId.startsWith('MobileNumber-')) process.kill(process.pid, 'SIGKILL');
  return result;
};
