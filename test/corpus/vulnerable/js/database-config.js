// sequelize-cli configuration: one object per environment.
module.exports = {
  // ruleid: database-without-tls
  development: {
    username: 'app',
    database: 'app_dev',
    host: '127.0.0.1',
    dialect: 'postgres',
  },
  // ruleid: database-without-tls
  staging: {
    username: 'app',
    database: 'app_staging',
    host: process.env.DB_HOST,
    dialect: 'mysql',
  },
  production: {
    username: 'app',
    database: 'app',
    host: process.env.DB_HOST,
    dialect: 'postgres',
    dialectOptions: {
      // ruleid: database-without-tls
      ssl: false,
    },
  },
  // TLS with verification: clean
  reporting: {
    username: 'reader',
    database: 'app',
    host: process.env.REPORTING_HOST,
    dialect: 'mariadb',
    dialectOptions: { ssl: { rejectUnauthorized: true } },
  },
  // a Unix socket does not cross the network: clean
  local: {
    database: 'app',
    host: '/var/run/postgresql',
    dialect: 'postgres',
  },
};
