-- revision: pend_lint2
-- down_revision: pend_lint1
-- message: Parcel references its customer

-- migrate:up
ALTER TABLE parcel ADD CONSTRAINT parcel_customer_fk FOREIGN KEY (customer_id) REFERENCES customer (id);

-- migrate:down
ALTER TABLE parcel DROP CONSTRAINT parcel_customer_fk;
