/**
 * Serves the recorded World Bank API responses (test/fixtures/worldbank) on 127.0.0.1 so the connector can be
 * tried without internet access: `npm run worldbank:replay`, then pass the printed URL as --base-url.
 */
import { startWorldBankReplayServer } from '../test/support/worldbank-replay-server.ts';

const server = await startWorldBankReplayServer();
console.log(`World Bank replay server: ${server.url}`);
console.log(
  `try: npx meshwork connect worldbank --indicators NY.GDP.MKTP.CD,SP.POP.TOTL --countries BRA,CHN,IND,DEU --years 2015:2023 --base-url ${server.url}`,
);
console.log('press Ctrl-C to stop');
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
