import cron from 'node-cron';
for (const e of ['0 0 31 2 *','0 0 30 2 *', '0 0 29 2 *', '0 0 31 4,6 *']) console.log(e, JSON.stringify(cron.validateDetailed(e).errors));
