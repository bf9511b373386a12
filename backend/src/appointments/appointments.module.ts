import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { AppointmentsController } from './api/appointments.controller';
import { APPOINTMENT_COMMAND_HANDLERS } from './application/appointment.commands';
import { AppointmentReminders } from './application/appointment-reminders';
import { Appointments } from './application/appointments';

/** Visit appointments of work orders (WO-16) and their reminders through delayed jobs. Projections: APPOINTMENTS_PROJECTIONS. README.md here. */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [AppointmentsController],
  providers: [Appointments, AppointmentReminders, ...APPOINTMENT_COMMAND_HANDLERS],
  exports: [Appointments, AppointmentReminders],
})
export class AppointmentsModule {}
