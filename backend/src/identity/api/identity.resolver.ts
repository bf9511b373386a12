import { UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { ChangeMyProfile, GetMyAccount, type MyAccount } from '../application/profile';
import type { Caller } from '../application/session-control';
import { CurrentCaller } from './caller';
import { Access } from '../../http/access';
import { AuthenticatedGuard } from './guards';
import { IdentityErrorFilter } from './identity-error.filter';

@ObjectType('MyMfa')
class MyMfaType {
  @Field() enabled!: boolean;
  @Field() pending!: boolean;
  @Field() required!: boolean;
  @Field(() => Int) recoveryCodesLeft!: number;
}

@ObjectType('MyAccount', { description: 'My account; personal data masked (138****5678, 张*)' })
class MyAccountType {
  @Field() userId!: string;
  @Field() phone!: string;
  @Field() displayName!: string;
  @Field(() => String, { nullable: true }) realName!: string | null;
  @Field(() => MyMfaType) mfa!: MyMfaType;
  @Field() passwordChangedAt!: string;
  @Field() passwordChangeDue!: boolean;
}

@InputType()
export class MyProfileChange {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 30)
  displayName?: string;

  @Field({ nullable: true, description: 'Legal name; stored encrypted, shown masked' })
  @IsOptional()
  @IsString()
  @Matches(/^[\p{L}·• ]{2,40}$/u, { message: 'realName must be 2-40 letters (a middle dot · is allowed)' })
  realName?: string;
}

/** My account over GraphQL: the same commands and queries as /api/v1/me, on the same buses. */
@Resolver(() => MyAccountType)
@Access.authenticated()
@UseGuards(AuthenticatedGuard)
@UseFilters(IdentityErrorFilter)
export class IdentityResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => MyAccountType, { description: 'My account (Authorization: Bearer <access token>)' })
  me(@CurrentCaller() caller: Caller): Promise<MyAccount> {
    return this.queries.execute(new GetMyAccount(caller));
  }

  @Mutation(() => MyAccountType, { description: 'Change my display name and/or real name; commandId makes a retry append nothing' })
  async changeMyProfile(
    @CurrentCaller() caller: Caller,
    @Args('change') change: MyProfileChange,
    @Client() client: ClientCommand,
    @Args('commandId', { nullable: true, description: 'Client-chosen id of this request (8-128 of A-Z a-z 0-9 . _ : -)' }) _commandId?: string,
  ): Promise<MyAccount> {
    await this.commands.execute(new ChangeMyProfile(caller, change, client));
    return this.queries.execute(new GetMyAccount(caller));
  }
}
