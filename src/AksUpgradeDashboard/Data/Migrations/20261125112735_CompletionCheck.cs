using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksUpgradeDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class CompletionCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CompletionCheckedAtUtc",
                table: "UpgradeWindows",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CompletionFound",
                table: "UpgradeWindows",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CompletionCheckedAtUtc",
                table: "UpgradeWindows");

            migrationBuilder.DropColumn(
                name: "CompletionFound",
                table: "UpgradeWindows");
        }
    }
}
